package io.scrm.testing.adapters.email;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal SMTP server (RFC 5321 command/reply dialogue) whose answers a test sets, for the
 * failures a real server such as GreenMail will not produce on demand: a refused recipient, a rate
 * limit, a temporary failure after DATA, a server that never greets.
 */
final class ScriptedSmtpServer implements AutoCloseable {
  private final ServerSocket server;
  private final List<Socket> clients = new CopyOnWriteArrayList<>();
  private final List<String> received = new CopyOnWriteArrayList<>();
  private final List<String> commands = new CopyOnWriteArrayList<>();
  private volatile String mailReply = "250 2.1.0 Ok";
  private volatile String rcptReply = "250 2.1.5 Ok";
  private volatile String dataReply = "250 2.0.0 Ok: queued as 4Xk2Lm0Zs";
  private volatile boolean silent;
  private volatile boolean silentAfterData;

  ScriptedSmtpServer() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "scripted-smtp");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  void answerMailFrom(String reply) {
    mailReply = reply;
  }

  void answerRcpt(String reply) {
    rcptReply = reply;
  }

  void answerData(String reply) {
    dataReply = reply;
  }

  void neverGreet() {
    silent = true;
  }

  /** Takes the whole message after DATA, then never answers the final dot (a server that stalls). */
  void neverAnswerData() {
    silentAfterData = true;
  }

  List<String> received() {
    return received;
  }

  /** The command lines the client sent outside DATA, as read in UTF-8. */
  List<String> commands() {
    return commands;
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        clients.add(socket);
        Thread handler = new Thread(() -> serve(socket), "scripted-smtp-client");
        handler.setDaemon(true);
        handler.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      if (silent) {
        socket.getInputStream().read();
        return;
      }
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      OutputStream out = socket.getOutputStream();
      reply(out, "220 mx.test ESMTP ready");
      String line;
      while ((line = in.readLine()) != null) {
        commands.add(line);
        String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line;
        switch (command) {
          case "EHLO", "HELO" -> reply(out, "250 mx.test");
          case "MAIL" -> reply(out, mailReply);
          case "RCPT" -> reply(out, rcptReply);
          case "DATA" -> {
            reply(out, "354 End data with <CR><LF>.<CR><LF>");
            StringBuilder data = new StringBuilder();
            while ((line = in.readLine()) != null && !line.equals(".")) {
              data.append(line).append("\r\n");
            }
            received.add(data.toString());
            if (silentAfterData) {
              while (in.readLine() != null) {
                // keep the connection open without an answer until the client gives up
              }
              return;
            }
            reply(out, dataReply);
          }
          case "QUIT" -> {
            reply(out, "221 2.0.0 Bye");
            return;
          }
          case "RSET", "NOOP" -> reply(out, "250 2.0.0 Ok");
          default -> reply(out, "502 5.5.2 Command not recognized");
        }
      }
    } catch (IOException e) {
      // the client went away: nothing to answer
    }
  }

  private static void reply(OutputStream out, String text) throws IOException {
    out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket client : clients) {
      client.close();
    }
  }
}
