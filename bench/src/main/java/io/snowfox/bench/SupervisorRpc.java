package io.snowfox.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * supervisord's XML-RPC interface ({@code supervisor.*}) over its unix socket: what
 * supervisorctl sends, without starting a Python interpreter per call. One HTTP/1.0 request per
 * connection; only the few calls and answer shapes the benchmark needs.
 */
final class SupervisorRpc {

  /** Bound of one call; stopAllProcesses waits for every process to stop. */
  static final Duration CALL_BOUND = Duration.ofSeconds(60);

  /** A struct member whose value is a scalar: {@code <name>n</name><value><t>v</t></value>}. */
  private static final Pattern MEMBER = Pattern.compile(
      "<name>([^<]*)</name>\\s*<value>\\s*<(\\w+)>([^<]*)</\\2>\\s*</value>");
  private static final Pattern FAULT = Pattern.compile(
      "<name>faultString</name>\\s*<value>\\s*(?:<string>)?([^<]*)");

  /** supervisord answered with an XML-RPC fault. */
  static final class Fault extends IOException {
    private static final long serialVersionUID = 1L;

    Fault(String method, String message) {
      super(method + ": " + message);
    }
  }

  /** One process as {@code getProcessInfo} describes it. */
  record Info(String name, String state, int exitStatus) {

    boolean isActive() {
      return state.equals("STARTING") || state.equals("RUNNING") || state.equals("BACKOFF")
          || state.equals("STOPPING");
    }
  }

  private final Path socket;

  SupervisorRpc(Path socket) {
    this.socket = socket;
  }

  /** {@code supervisor.getState}: RUNNING once supervisord is up. */
  String state() throws IOException {
    return members(call("supervisor.getState")).getOrDefault("statename", "");
  }

  /** {@code supervisor.reloadConfig}: re-reads the configuration; starts and stops nothing. */
  void reloadConfig() throws IOException {
    call("supervisor.reloadConfig");
  }

  /** {@code supervisor.addProcessGroup}: a group of the (re-read) configuration becomes active. */
  void addProcessGroup(String name) throws IOException {
    call("supervisor.addProcessGroup", string(name));
  }

  void removeProcessGroup(String name) throws IOException {
    call("supervisor.removeProcessGroup", string(name));
  }

  /** {@code supervisor.startProcess(name, wait=false)}: returns once the process is forked. */
  void startProcess(String name) throws IOException {
    call("supervisor.startProcess", string(name), "<value><boolean>0</boolean></value>");
  }

  /** {@code supervisor.stopAllProcesses(wait=true)}. */
  void stopAllProcesses() throws IOException {
    call("supervisor.stopAllProcesses", "<value><boolean>1</boolean></value>");
  }

  Info processInfo(String name) throws IOException {
    return info(members(call("supervisor.getProcessInfo", string(name))));
  }

  /** {@code supervisor.getAllProcessInfo}, by process name. */
  Map<String, Info> allProcessInfo() throws IOException {
    Map<String, Info> all = new HashMap<>();
    String answer = call("supervisor.getAllProcessInfo");
    for (String struct : answer.split("<struct>")) {
      Map<String, String> members = members(struct);
      if (members.containsKey("statename")) {
        Info info = info(members);
        all.put(info.name(), info);
      }
    }
    return all;
  }

  private static Info info(Map<String, String> members) {
    return new Info(members.getOrDefault("name", ""), members.getOrDefault("statename", ""),
        Integer.parseInt(members.getOrDefault("exitstatus", "-1")));
  }

  private static Map<String, String> members(String xml) {
    Map<String, String> members = new HashMap<>();
    Matcher m = MEMBER.matcher(xml);
    while (m.find()) {
      members.putIfAbsent(m.group(1), m.group(3));
    }
    return members;
  }

  private static String string(String value) {
    return "<value><string>" + value.replace("&", "&amp;").replace("<", "&lt;")
        + "</string></value>";
  }

  /** Sends one call and returns the XML of the answer; a fault is thrown as {@link Fault}. */
  String call(String method, String... params) throws IOException {
    StringBuilder body = new StringBuilder("<?xml version=\"1.0\"?><methodCall><methodName>")
        .append(method).append("</methodName><params>");
    for (String param : params) {
      body.append("<param>").append(param).append("</param>");
    }
    byte[] payload = body.append("</params></methodCall>").toString()
        .getBytes(StandardCharsets.UTF_8);
    byte[] head = ("POST /RPC2 HTTP/1.0\r\nContent-Type: text/xml\r\nContent-Length: "
        + payload.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    String answer = exchange(ByteBuffer.wrap(head), ByteBuffer.wrap(payload));
    int split = answer.indexOf("\r\n\r\n");
    if (!answer.startsWith("HTTP/1.0 200") && !answer.startsWith("HTTP/1.1 200") || split < 0) {
      throw new IOException(method + ": unexpected answer: "
          + answer.substring(0, Math.min(200, answer.length())));
    }
    String xml = answer.substring(split + 4);
    if (xml.contains("<fault>")) {
      Matcher fault = FAULT.matcher(xml);
      throw new Fault(method, fault.find() ? fault.group(1) : xml);
    }
    return xml;
  }

  /** Writes the request and reads until supervisord closes the connection, bounded. */
  private String exchange(ByteBuffer... request) throws IOException {
    long deadline = System.nanoTime() + CALL_BOUND.toNanos();
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        Selector selector = Selector.open()) {
      channel.connect(UnixDomainSocketAddress.of(socket));
      channel.write(request);
      channel.configureBlocking(false);
      channel.register(selector, SelectionKey.OP_READ);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
      while (true) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          throw new IOException("supervisord did not answer within "
              + CALL_BOUND.toSeconds() + " s");
        }
        selector.select(left);
        selector.selectedKeys().clear();
        int read;
        while ((read = channel.read(buffer)) > 0) {
          out.write(buffer.array(), 0, buffer.position());
          buffer.clear();
        }
        if (read < 0) {
          return out.toString(StandardCharsets.UTF_8);
        }
      }
    }
  }
}
