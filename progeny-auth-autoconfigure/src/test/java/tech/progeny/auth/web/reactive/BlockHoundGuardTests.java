package tech.progeny.auth.web.reactive;

import java.time.Duration;

import io.netty.channel.EventLoop;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.resources.LoopResources;

import tech.progeny.auth.support.BlockHoundGuard;
import tech.progeny.auth.support.ReactiveTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Proves that the reactive suite runs under BlockHound, so that its silence means
 * something.
 */
@ReactiveTest
class BlockHoundGuardTests {

	@Test
	void sleepWhenOnAParallelSchedulerThreadThenIsReported() {
		Throwable failure = catchThrowable(() -> Mono.fromCallable(() -> {
			Thread.sleep(1);
			return "slept";
		}).subscribeOn(Schedulers.parallel()).block(Duration.ofSeconds(10)));
		assertThat(failure).hasMessageContaining("Blocking call");
		assertThat(BlockHoundGuard.takeViolations()).singleElement().asString().contains("Thread.sleep");
	}

	@Test
	void sleepWhenOnANettyEventLoopThenIsReported() throws Exception {
		LoopResources loops = LoopResources.create("guard-test", 1, true);
		try {
			EventLoop eventLoop = loops.onClient(true).next();
			Throwable failure = eventLoop.submit(() -> {
				Thread.sleep(1);
				return null;
			}).await().cause();
			assertThat(failure).hasMessageContaining("Blocking call");
			assertThat(BlockHoundGuard.takeViolations()).singleElement().asString().contains("Thread.sleep");
		}
		finally {
			loops.disposeLater().block(Duration.ofSeconds(10));
		}
	}

}
