package io.scrm.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.testing.channel.ChannelAdapterContract;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The test kit on the module path: a vendor's test that extends a contract runs only if JUnit may
 * call the contract's methods, which are not public, so the kit's packages must be open to it.
 */
final class ModuleDescriptorTest {

  @Test
  void everyPackageOfTheKitIsExportedAndOpenToJunit() throws URISyntaxException {
    // the kit's classes as built (a directory or a jar), read as a module as the module path reads it
    Path kit = Path.of(ChannelAdapterContract.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    ModuleDescriptor descriptor = ModuleFinder.of(kit).find("io.scrm.testing").orElseThrow().descriptor();
    Map<String, Set<String>> opens = descriptor.opens().stream()
        .collect(Collectors.toMap(ModuleDescriptor.Opens::source, ModuleDescriptor.Opens::targets));
    Set<String> exported = descriptor.exports().stream().map(ModuleDescriptor.Exports::source)
        .collect(Collectors.toSet());

    assertThat(exported).containsExactlyInAnyOrderElementsOf(descriptor.packages());
    for (String pkg : descriptor.packages()) {
      assertThat(opens).as(pkg).containsEntry(pkg, Set.of("org.junit.platform.commons"));
    }
  }
}
