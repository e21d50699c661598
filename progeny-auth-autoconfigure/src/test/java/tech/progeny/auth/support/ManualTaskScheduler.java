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

import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.Trigger;

/**
 * A {@link TaskScheduler} whose time moves only when a test calls
 * {@link #advance(Duration)}, which runs the tasks that fall due, in order, on the
 * calling thread.
 */
public final class ManualTaskScheduler implements TaskScheduler {

	private final MutableClock clock;

	private final List<Task> tasks = new ArrayList<>();

	public ManualTaskScheduler(MutableClock clock) {
		this.clock = clock;
	}

	public void advance(Duration duration) {
		Instant target = this.clock.instant().plus(duration);
		while (true) {
			Task next;
			synchronized (this.tasks) {
				next = this.tasks.stream()
					.filter((task) -> !task.cancelled && !task.at.isAfter(target))
					.min(Comparator.comparing((Task task) -> task.at))
					.orElse(null);
				if (next != null) {
					this.tasks.remove(next);
				}
			}
			if (next == null) {
				break;
			}
			if (next.at.isAfter(this.clock.instant())) {
				this.clock.set(next.at);
			}
			next.runnable.run();
			next.done = true;
		}
		this.clock.set(target);
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
		Task scheduled = new Task(task, startTime);
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

		private final Instant at;

		private volatile boolean cancelled;

		private volatile boolean done;

		Task(Runnable runnable, Instant at) {
			this.runnable = runnable;
			this.at = at;
		}

		@Override
		public long getDelay(TimeUnit unit) {
			return unit.convert(Duration.between(ManualTaskScheduler.this.clock.instant(), this.at));
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
