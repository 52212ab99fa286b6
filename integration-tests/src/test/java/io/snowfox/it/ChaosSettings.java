package io.snowfox.it;

import java.time.Duration;

/**
 * The size of a chaos run. The defaults fit the suite on a two-core CI machine; system
 * properties make a bigger run ({@code -Dsnowfox.chaos.jobs=1000 -Dsnowfox.chaos.seconds=300}).
 *
 * @param jobs jobs submitted, one submission each
 * @param submitSpread the time over which submissions are spread (and, at least, chaos lasts)
 * @param submitters submissions in flight at once
 * @param killEvery the mean pause between two kills (each pause is 50-150 % of it)
 * @param freeze how long the leading manager and its daemon stay stopped (SIGSTOP)
 * @param settle how long every job has, once chaos ends, to be running or ended
 * @param seed of the random choices (what to kill, when); printed, so a run can be repeated
 */
record ChaosSettings(int jobs, Duration submitSpread, int submitters, Duration killEvery,
    Duration freeze, Duration settle, long seed) {

  static final int DEFAULT_JOBS = 200;
  static final int DEFAULT_SUBMIT_SECONDS = 45;
  static final int DEFAULT_SUBMITTERS = 4;
  static final int DEFAULT_KILL_EVERY_SECONDS = 4;
  /** Four times the default failure timeout (5 s): long enough for the rest to move on. */
  static final int DEFAULT_FREEZE_SECONDS = 20;
  static final int DEFAULT_SETTLE_SECONDS = 120;

  static ChaosSettings fromSystemProperties() {
    return new ChaosSettings(
        Integer.getInteger("snowfox.chaos.jobs", DEFAULT_JOBS),
        Duration.ofSeconds(Integer.getInteger("snowfox.chaos.seconds", DEFAULT_SUBMIT_SECONDS)),
        Integer.getInteger("snowfox.chaos.submitters", DEFAULT_SUBMITTERS),
        Duration.ofSeconds(Integer.getInteger("snowfox.chaos.kill.every.seconds",
            DEFAULT_KILL_EVERY_SECONDS)),
        Duration.ofSeconds(Integer.getInteger("snowfox.chaos.freeze.seconds",
            DEFAULT_FREEZE_SECONDS)),
        Duration.ofSeconds(Integer.getInteger("snowfox.chaos.settle.seconds",
            DEFAULT_SETTLE_SECONDS)),
        Long.getLong("snowfox.chaos.seed", System.nanoTime()));
  }

  @Override
  public String toString() {
    return "jobs " + jobs + " over " + submitSpread.toSeconds() + " s by " + submitters
        + " submitters, a kill every ~" + killEvery.toSeconds() + " s, freeze "
        + freeze.toSeconds() + " s, settle within " + settle.toSeconds() + " s, seed " + seed;
  }
}
