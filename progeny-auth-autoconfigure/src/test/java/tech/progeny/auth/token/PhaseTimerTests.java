package tech.progeny.auth.token;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import tech.progeny.auth.support.ManualTaskScheduler;
import tech.progeny.auth.test.AdjustableClock;
import tech.progeny.auth.token.ProgenyTokenStatus.Phase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PhaseTimerTests {

	private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

	private static final TokenTimeline TIMELINE = new TokenTimeline(START.plusSeconds(239), START.plusSeconds(284));

	private final AdjustableClock clock = AdjustableClock.at(START);

	private final ManualTaskScheduler scheduler = new ManualTaskScheduler(this.clock);

	private final LifecycleTime time = new LifecycleTime();

	private final PhaseTimer timer = new PhaseTimer(this.time);

	private final List<Phase> reached = new CopyOnWriteArrayList<>();

	PhaseTimerTests() {
		this.time.setClock(this.clock);
		this.time.setTicker(this.scheduler.ticker());
		this.timer.setTaskScheduler(this.scheduler);
	}

	@AfterEach
	void close() {
		this.timer.close();
	}

	private void start(TokenTimeline timeline) {
		this.timer.start(timeline, (followed, phase) -> {
			assertThat(followed).isSameAs(timeline);
			if (!this.reached.contains(phase)) {
				this.reached.add(phase);
			}
		});
	}

	@Test
	void startThenTheTokenReachesStaleAndUnusableOnTime() {
		start(TIMELINE);
		this.scheduler.advance(Duration.ofMillis(238_999));
		assertThat(this.reached).isEmpty();
		this.scheduler.advance(Duration.ofMillis(1));
		assertThat(this.reached).containsExactly(Phase.STALE);
		this.scheduler.advance(Duration.ofSeconds(45));
		assertThat(this.reached).containsExactly(Phase.STALE, Phase.UNUSABLE);
		assertThat(this.scheduler.pendingTasks()).isZero();
	}

	@Test
	void startWhenTheWallClockStepsBackThenTheTimersStillFireOnTime() {
		start(TIMELINE);
		this.clock.advance(Duration.ofHours(-1));
		this.scheduler.advance(Duration.ofSeconds(239));
		assertThat(this.reached).containsExactly(Phase.STALE);
		this.scheduler.advance(Duration.ofSeconds(45));
		assertThat(this.reached).containsExactly(Phase.STALE, Phase.UNUSABLE);
	}

	@Test
	void startWhenTheWallClockJumpsAheadOfTheTimersThenTheNextCheckMovesThePhaseOn() {
		start(TIMELINE);
		this.scheduler.advance(Duration.ofSeconds(10));
		this.clock.advance(Duration.ofMinutes(10));
		assertThat(this.reached).isEmpty();
		this.scheduler.advance(PhaseTimer.CHECK_INTERVAL);
		assertThat(this.reached).containsExactly(Phase.UNUSABLE);
		assertThat(this.scheduler.pendingTasks()).isZero();
	}

	@Test
	void startWhenTheTokenIsAlreadyStaleThenOnlyItsUnusableTimeIsAhead() {
		this.clock.advance(Duration.ofSeconds(250));
		start(TIMELINE);
		this.scheduler.advance(Duration.ofSeconds(33));
		assertThat(this.reached).containsExactly(Phase.STALE);
		this.scheduler.advance(Duration.ofSeconds(1));
		assertThat(this.reached).containsExactly(Phase.STALE, Phase.UNUSABLE);
	}

	@Test
	void startWhenAnotherTokenIsFollowedThenTheFirstOnesTimersStop() {
		start(TIMELINE);
		TokenTimeline next = new TokenTimeline(START.plusSeconds(500), START.plusSeconds(600));
		start(next);
		this.scheduler.advance(Duration.ofSeconds(300));
		assertThat(this.reached).isEmpty();
	}

	@Test
	void stopThenNoPhaseIsReached() {
		start(TIMELINE);
		this.timer.stop();
		this.scheduler.advance(Duration.ofMinutes(10));
		assertThat(this.reached).isEmpty();
		assertThat(this.scheduler.pendingTasks()).isZero();
	}

	@Test
	void closeWhenTheTimerCreatedItsOwnSchedulerThenItsThreadStops() {
		List<Thread> before = timerThreads();
		PhaseTimer owning = new PhaseTimer(new LifecycleTime());
		owning.start(new TokenTimeline(Instant.now().plusSeconds(60), Instant.now().plusSeconds(120)),
				(timeline, phase) -> {
				});
		List<Thread> started = timerThreads().stream().filter((thread) -> !before.contains(thread)).toList();
		assertThat(started).isNotEmpty();
		owning.close();
		await().atMost(Duration.ofSeconds(5)).until(() -> started.stream().noneMatch(Thread::isAlive));
	}

	private static List<Thread> timerThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.isAlive() && thread.getName().startsWith("progeny-auth-timer-"))
			.toList();
	}

}
