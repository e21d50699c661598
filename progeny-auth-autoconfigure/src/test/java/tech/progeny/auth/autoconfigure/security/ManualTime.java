package tech.progeny.auth.autoconfigure.security;

import java.time.Duration;
import java.time.Instant;

import org.springframework.beans.factory.config.BeanPostProcessor;

import tech.progeny.auth.client.ProgenyTokenClient;
import tech.progeny.auth.support.ManualTaskScheduler;
import tech.progeny.auth.test.AdjustableClock;
import tech.progeny.auth.token.ProgenyTokenProvider;

/**
 * Puts the auto-configured token client and provider on a clock and a scheduler that the
 * test moves, without jitter: a 5-minute token from {@code START} is stale from
 * {@code START + 239 s} and unusable from {@code START + 284 s}.
 */
final class ManualTime implements BeanPostProcessor {

	static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

	/**
	 * Inside the must-refresh margin of a 5-minute token obtained at {@link #START}.
	 */
	static final Duration MUST_REFRESH = Duration.ofSeconds(285);

	final AdjustableClock clock = AdjustableClock.at(START);

	final ManualTaskScheduler scheduler = new ManualTaskScheduler(this.clock);

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof ProgenyTokenClient client) {
			client.setClock(this.clock);
		}
		if (bean instanceof ProgenyTokenProvider provider) {
			provider.setClock(this.clock);
			provider.setTaskScheduler(this.scheduler);
			provider.setJitter(() -> 0);
		}
		return bean;
	}

	void advance(Duration duration) {
		this.scheduler.advance(duration);
	}

}
