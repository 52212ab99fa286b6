package io.snowfox.protocol;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.snowfox.protocol.v1.ControlProto;
import io.snowfox.protocol.v1.Envelope;
import io.snowfox.protocol.v1.EnvelopeProto;
import io.snowfox.protocol.v1.PublicProto;
import io.snowfox.protocol.v1.SpawnerProto;
import io.snowfox.protocol.v1.StatusCode;

/**
 * The JSON form of every SnowFox message (the protobuf JSON mapping), including the payload of
 * an envelope. {@code parse(print(e))} equals {@code e}.
 */
public final class ProtocolJson {

  private static final JsonFormat.TypeRegistry TYPES = JsonFormat.TypeRegistry.newBuilder()
      .add(EnvelopeProto.getDescriptor().getMessageTypes())
      .add(ControlProto.getDescriptor().getMessageTypes())
      .add(SpawnerProto.getDescriptor().getMessageTypes())
      .add(PublicProto.getDescriptor().getMessageTypes())
      .add(io.snowfox.protocol.v1.JobsProto.getDescriptor().getMessageTypes())
      .add(io.snowfox.protocol.v1.ObserveProto.getDescriptor().getMessageTypes())
      .add(io.snowfox.protocol.v1.NodesProto.getDescriptor().getMessageTypes())
      .build();

  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().usingTypeRegistry(TYPES).omittingInsignificantWhitespace();

  private static final JsonFormat.Parser PARSER = JsonFormat.parser().usingTypeRegistry(TYPES);
  private static final JsonFormat.Parser LENIENT = PARSER.ignoringUnknownFields();

  private ProtocolJson() {}

  /** One line of JSON. */
  public static String print(Message message) {
    try {
      return PRINTER.print(message);
    } catch (InvalidProtocolBufferException e) {
      // Only an Any whose type is not in the registry gets here.
      throw new StatusException(StatusCode.STATUS_CODE_UNSUPPORTED,
          "cannot print " + message.getDescriptorForType().getFullName() + " as JSON",
          e.getMessage(), "", e);
    }
  }

  /** Parses the JSON form of an envelope. */
  public static Envelope parseEnvelope(String json) {
    Envelope.Builder builder = Envelope.newBuilder();
    merge(json, builder);
    return builder.build();
  }

  /**
   * Parses {@code json} into {@code builder}.
   *
   * @throws StatusException BAD_REQUEST naming what is wrong
   */
  public static <B extends Message.Builder> B merge(String json, B builder) {
    return merge(PARSER, json, builder);
  }

  private static <B extends Message.Builder> B merge(JsonFormat.Parser parser, String json,
      B builder) {
    try {
      parser.merge(json, builder);
      return builder;
    } catch (InvalidProtocolBufferException e) {
      throw new StatusException(StatusCode.STATUS_CODE_BAD_REQUEST,
          "invalid JSON for " + builder.getDescriptorForType().getFullName(), e.getMessage(), "",
          e);
    }
  }

  /**
   * Parses {@code json} into {@code builder}, skipping fields this version does not know: for
   * state written by a newer version (a job in the cluster map), never for requests, where an
   * unknown field is a mistake to report.
   *
   * @throws StatusException BAD_REQUEST naming what is wrong
   */
  public static <B extends Message.Builder> B mergeLenient(String json, B builder) {
    return merge(LENIENT, json, builder);
  }
}
