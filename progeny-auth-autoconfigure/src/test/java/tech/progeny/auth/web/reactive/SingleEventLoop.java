package tech.progeny.auth.web.reactive;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;

import io.netty.channel.EventLoop;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

import org.springframework.web.reactive.function.client.ExchangeFilterFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One Netty event loop thread, on which a test subscribes to its requests and on which
 * Reactor Netty does all their I/O.
 */
final class SingleEventLoop implements AutoCloseable {

	private final LoopResources loops = LoopResources.create("progeny-single-loop", 1, true);

	private final ConnectionProvider connections = ConnectionProvider.builder("progeny-single-loop")
		.maxConnections(300)
		.pendingAcquireMaxCount(-1)
		.build();

	private final EventLoop eventLoop = this.loops.onClient(false).next();

	private final Scheduler scheduler = Schedulers.fromExecutor(this.eventLoop);

	private final Set<String> subscriptionThreads = ConcurrentHashMap.newKeySet();

	private final Thread thread;

	SingleEventLoop() {
		try {
			this.thread = this.eventLoop.submit(Thread::currentThread).get();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	HttpClient httpClient() {
		return HttpClient.create(this.connections).runOn(this.loops, false);
	}

	Scheduler scheduler() {
		return this.scheduler;
	}

	String threadName() {
		return this.thread.getName();
	}

	<T> Future<T> submit(Callable<T> task) {
		return this.eventLoop.submit(task);
	}

	/**
	 * Return a filter to place before the one under test, which records the threads on
	 * which requests are subscribed to.
	 */
	ExchangeFilterFunction subscriptionRecorder() {
		return (request, next) -> {
			this.subscriptionThreads.add(Thread.currentThread().getName());
			return next.exchange(request);
		};
	}

	Set<String> subscriptionThreads() {
		return this.subscriptionThreads;
	}

	void assertOnLoop() {
		assertThat(this.eventLoop.inEventLoop()).as("on the event loop").isTrue();
	}

	@Override
	public void close() {
		this.connections.disposeLater().block(Duration.ofSeconds(10));
		this.loops.disposeLater().block(Duration.ofSeconds(10));
	}

}
