package io.snowfox.bench;

import io.vertx.core.Future;

/** One kind of request/reply whose round trips are timed. */
interface Exchange {

  /** Short name for the report, for example "envelope (Routes)". */
  String name();

  /** Bytes of the request body on the wire, codec framing included. */
  int requestBytes();

  /** Bytes of the reply body on the wire, codec framing included. */
  int replyBytes();

  /** Sends one request; completes with the reply, checked and decoded as a caller would. */
  Future<?> roundTrip();
}
