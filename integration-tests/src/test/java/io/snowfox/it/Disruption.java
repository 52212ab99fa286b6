package io.snowfox.it;

/** What a chaos run does to the cluster while jobs are submitted. */
interface Disruption {

  /** Begins, in a thread of its own. */
  void start();

  /** Ends, leaving every process running again (killed daemons restarted, frozen ones resumed). */
  void stop() throws Exception;

  /** The figures of what was done, for the report ("kills 17 (daemon 4, ...)"). */
  String figures();
}
