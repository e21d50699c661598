package tech.progeny.auth.token;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.Assert;

import tech.progeny.auth.token.ProgenyTokenStatus.Phase;

/**
 * Moves the current token from phase to phase by timers, so that callers read its phase
 * and never a clock.
 * <p>
 * Timers wait on the monotonic clock (a {@link ThreadPoolTaskScheduler} turns each
 * instant into a delay once), so a wall clock that steps back cannot keep a token fresh
 * past its time. The monotonic clock stops while the system is suspended, though, and
 * timers with it. So while a token is not yet unusable, the timer thread also wakes every
 * {@link #CHECK_INTERVAL} and compares the wall clock with the token's timeline: when the
 * wall clock has run ahead of the timers (after a suspend, or a step forward), the phase
 * moves on at once. Callers never do this work.
 * <p>
 * The provider calls it under its lock; its timers run on the scheduler's threads.
 */
final class PhaseTimer {

	/**
	 * How often the timer thread compares the wall clock with the current token's
	 * timeline.
	 */
	static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);

	private static final Log logger = LogFactory.getLog(PhaseTimer.class);

	private final LifecycleTime time;

	private @Nullable TaskScheduler taskScheduler;

	private @Nullable ThreadPoolTaskScheduler ownedScheduler;

	private @Nullable Watch watch;

	PhaseTimer(LifecycleTime time) {
		this.time = time;
	}

	void setTaskScheduler(TaskScheduler taskScheduler) {
		Assert.notNull(taskScheduler, "taskScheduler cannot be null");
		this.taskScheduler = taskScheduler;
	}

	/**
	 * Follow a newly installed token, in place of the one before.
	 * @param timeline the token's timeline
	 * @param listener told of each phase the token reaches after the current one
	 */
	void start(TokenTimeline timeline, Listener listener) {
		stop();
		Watch started = new Watch(timeline, listener, scheduler(), this.time.now(), this.time.tick());
		this.watch = started;
		started.scheduleNext(started.phase());
	}

	/**
	 * Stop following the current token.
	 */
	void stop() {
		Watch current = this.watch;
		if (current != null) {
			current.stop();
			this.watch = null;
		}
	}

	/**
	 * Stop following the current token and shut down the scheduler this timer created.
	 */
	void close() {
		stop();
		if (this.ownedScheduler != null) {
			this.ownedScheduler.shutdown();
		}
	}

	private TaskScheduler scheduler() {
		if (this.taskScheduler != null) {
			return this.taskScheduler;
		}
		if (this.ownedScheduler == null) {
			ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
			scheduler.setThreadNamePrefix("progeny-auth-timer-");
			scheduler.setDaemon(true);
			scheduler.setRemoveOnCancelPolicy(true);
			scheduler.setClock(this.time.clock());
			scheduler.initialize();
			this.ownedScheduler = scheduler;
		}
		return this.ownedScheduler;
	}

	/**
	 * Return the nanoseconds from one instant to another, saturated far beyond any token's
	 * life.
	 */
	private static long nanosBetween(Instant from, Instant to) {
		Duration between = Duration.between(from, to);
		if (between.getSeconds() > Integer.MAX_VALUE) {
			return Long.MAX_VALUE / 4;
		}
		return (between.getSeconds() < Integer.MIN_VALUE) ? Long.MIN_VALUE / 4 : between.toNanos();
	}

	/**
	 * Told when the followed token reaches a phase.
	 */
	@FunctionalInterface
	interface Listener {

		/**
		 * The token of the given timeline has reached the given phase.
		 * @param timeline the token's timeline
		 * @param phase {@link Phase#STALE} or {@link Phase#UNUSABLE}
		 */
		void reached(TokenTimeline timeline, Phase phase);

	}

	/**
	 * The timers of one token: each run moves its phase on if the ticker or the wall
	 * clock says so, and schedules the next run at the next deadline, or after
	 * {@link #CHECK_INTERVAL} if that comes first.
	 */
	private final class Watch implements Runnable {

		private final ReentrantLock lock = new ReentrantLock();

		private final TokenTimeline timeline;

		private final Listener listener;

		private final TaskScheduler scheduler;

		private final long staleTick;

		private final long unusableTick;

		private @Nullable ScheduledFuture<?> next;

		private volatile boolean stopped;

		Watch(TokenTimeline timeline, Listener listener, TaskScheduler scheduler, Instant now, long tick) {
			this.timeline = timeline;
			this.listener = listener;
			this.scheduler = scheduler;
			this.staleTick = tick + nanosBetween(now, timeline.staleAt());
			this.unusableTick = tick + nanosBetween(now, timeline.unusableAt());
		}

		@Override
		public void run() {
			if (this.stopped) {
				return;
			}
			Phase phase = phase();
			if (phase != Phase.FRESH) {
				this.listener.reached(this.timeline, phase);
			}
			try {
				scheduleNext(phase);
			}
			catch (RuntimeException ex) {
				logger.debug("Could not schedule the next phase check; the scheduler was probably shut down", ex);
			}
		}

		/**
		 * Return the later of the phases that the ticker and the wall clock tell.
		 */
		Phase phase() {
			long tick = PhaseTimer.this.time.tick();
			Phase byTimer = (tick - this.unusableTick >= 0) ? Phase.UNUSABLE
					: (tick - this.staleTick >= 0) ? Phase.STALE : Phase.FRESH;
			Phase byWall = this.timeline.phaseAt(PhaseTimer.this.time.now());
			return (byWall.compareTo(byTimer) > 0) ? byWall : byTimer;
		}

		void scheduleNext(Phase phase) {
			if (phase == Phase.UNUSABLE) {
				return;
			}
			long deadline = (phase == Phase.FRESH) ? this.staleTick : this.unusableTick;
			long delay = Math.max(0, Math.min(deadline - PhaseTimer.this.time.tick(), CHECK_INTERVAL.toNanos()));
			this.lock.lock();
			try {
				if (!this.stopped) {
					this.next = this.scheduler.schedule(this, this.scheduler.getClock().instant().plusNanos(delay));
				}
			}
			finally {
				this.lock.unlock();
			}
		}

		void stop() {
			this.lock.lock();
			try {
				this.stopped = true;
				if (this.next != null) {
					this.next.cancel(false);
				}
			}
			finally {
				this.lock.unlock();
			}
		}

	}

}
