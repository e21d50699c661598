package tech.progeny.auth.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.Trigger;

import tech.progeny.auth.test.AdjustableClock;
import tech.progeny.auth.token.Ticker;

/**
 * A {@link TaskScheduler} whose time moves only when a test calls
 * {@link #advance(Duration)}, which runs the tasks that fall due, in order, on the
 * calling thread.
 * <p>
 * Like a {@code ThreadPoolTaskScheduler}, it turns the instant of each task into a delay
 * once, when the task is scheduled, and counts the delay on a monotonic clock, its
 * {@link #ticker()}. {@link #advance(Duration)} moves that ticker and the wall clock
 * together; a test that moves only the wall clock plays a clock that steps back or
 * forward, or a system suspend.
 */
public final class ManualTaskScheduler implements TaskScheduler {

	private final Clock clock;

	private final Consumer<Duration> wallClock;

	private final AtomicLong nanos = new AtomicLong();

	private final List<Task> tasks = new ArrayList<>();

	public ManualTaskScheduler(AdjustableClock clock) {
		this(clock, clock::advance);
	}

	private ManualTaskScheduler(Clock clock, Consumer<Duration> wallClock) {
		this.clock = clock;
		this.wallClock = wallClock;
	}

	/**
	 * Return the monotonic ticker that this scheduler's delays are counted on.
	 * @return the ticker
	 */
	public Ticker ticker() {
		return this.nanos::get;
	}

	/**
	 * Move the ticker and the wall clock on, running the tasks that fall due.
	 * @param duration how far
	 */
	public void advance(Duration duration) {
		long target = this.nanos.get() + duration.toNanos();
		while (true) {
			Task next;
			synchronized (this.tasks) {
				this.tasks.removeIf((task) -> task.cancelled);
				next = this.tasks.stream()
					.filter((task) -> !task.cancelled && task.due <= target)
					.min(Comparator.comparingLong((Task task) -> task.due))
					.orElse(null);
				if (next != null) {
					this.tasks.remove(next);
				}
			}
			if (next == null) {
				break;
			}
			moveTo(next.due);
			next.runnable.run();
			next.done = true;
		}
		moveTo(target);
	}

	private void moveTo(long due) {
		long now = this.nanos.get();
		if (due > now) {
			this.nanos.set(due);
			this.wallClock.accept(Duration.ofNanos(due - now));
		}
	}

	public int pendingTasks() {
		synchronized (this.tasks) {
			return (int) this.tasks.stream().filter((task) -> !task.cancelled).count();
		}
	}

	@Override
	public Clock getClock() {
		return this.clock;
	}

	@Override
	public ScheduledFuture<?> schedule(Runnable task, Instant startTime) {
		long delay = Duration.between(this.clock.instant(), startTime).toNanos();
		Task scheduled = new Task(task, this.nanos.get() + Math.max(0, delay));
		synchronized (this.tasks) {
			this.tasks.add(scheduled);
		}
		return scheduled;
	}

	@Override
	public ScheduledFuture<?> schedule(Runnable task, Trigger trigger) {
		throw new UnsupportedOperationException();
	}

	@Override
	public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Instant startTime, Duration period) {
		throw new UnsupportedOperationException();
	}

	@Override
	public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Duration period) {
		throw new UnsupportedOperationException();
	}

	@Override
	public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Instant startTime, Duration delay) {
		throw new UnsupportedOperationException();
	}

	@Override
	public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Duration delay) {
		throw new UnsupportedOperationException();
	}

	private final class Task implements ScheduledFuture<Object> {

		private final Runnable runnable;

		private final long due;

		private volatile boolean cancelled;

		private volatile boolean done;

		Task(Runnable runnable, long due) {
			this.runnable = runnable;
			this.due = due;
		}

		@Override
		public long getDelay(TimeUnit unit) {
			return unit.convert(this.due - ManualTaskScheduler.this.nanos.get(), TimeUnit.NANOSECONDS);
		}

		@Override
		public int compareTo(Delayed other) {
			return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
		}

		@Override
		public boolean cancel(boolean mayInterruptIfRunning) {
			this.cancelled = true;
			return !this.done;
		}

		@Override
		public boolean isCancelled() {
			return this.cancelled;
		}

		@Override
		public boolean isDone() {
			return this.done || this.cancelled;
		}

		@Override
		public Object get() {
			throw new UnsupportedOperationException();
		}

		@Override
		public Object get(long timeout, TimeUnit unit) {
			throw new UnsupportedOperationException();
		}

	}

}
