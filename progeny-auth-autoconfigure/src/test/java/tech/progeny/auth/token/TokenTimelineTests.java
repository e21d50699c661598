package tech.progeny.auth.token;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import tech.progeny.auth.token.ProgenyTokenStatus.Phase;

import static org.assertj.core.api.Assertions.assertThat;

class TokenTimelineTests {

	private static final Instant EXPIRES_AT = Instant.parse("2026-03-01T10:04:59Z");

	private static final ProgenyTokenSettings SETTINGS = ProgenyTokenSettings.defaults();

	private static ProgenyToken token(Duration lifetime) {
		return new ProgenyToken("access", "refresh", EXPIRES_AT, lifetime, null, null);
	}

	@Test
	void ofWhenTheLifetimeIsLongThenTheSettingsWindowAndMargin() {
		TokenTimeline timeline = TokenTimeline.of(token(Duration.ofMinutes(5)), SETTINGS, 0);
		assertThat(timeline.staleAt()).isEqualTo(EXPIRES_AT.minusSeconds(60));
		assertThat(timeline.unusableAt()).isEqualTo(EXPIRES_AT.minusSeconds(15));
	}

	@Test
	void ofWhenTheLifetimeIsShortThenAFifthAndATenthOfIt() {
		TokenTimeline timeline = TokenTimeline.of(token(Duration.ofSeconds(4)), SETTINGS, 0);
		assertThat(timeline.staleAt()).isEqualTo(EXPIRES_AT.minusMillis(800));
		assertThat(timeline.unusableAt()).isEqualTo(EXPIRES_AT.minusMillis(400));
	}

	@Test
	void ofWhenJitterIsDrawnThenLengthensTheWindowByItsShareOfTheLargest() {
		assertThat(TokenTimeline.of(token(Duration.ofMinutes(5)), SETTINGS, 0.5).staleAt())
			.isEqualTo(EXPIRES_AT.minusSeconds(66));
		assertThat(TokenTimeline.of(token(Duration.ofMinutes(5)), SETTINGS, 7).staleAt())
			.isEqualTo(EXPIRES_AT.minusSeconds(72));
		assertThat(TokenTimeline.of(token(Duration.ofMinutes(5)), SETTINGS, -1).staleAt())
			.isEqualTo(EXPIRES_AT.minusSeconds(60));
	}

	@Test
	void ofWhenTheMarginIsLongerThanTheWindowThenStaleIsNotAfterUnusable() {
		ProgenyTokenSettings settings = SETTINGS.withRefreshAhead(Duration.ofSeconds(5));
		TokenTimeline timeline = TokenTimeline.of(token(Duration.ofMinutes(5)), settings, 0);
		assertThat(timeline.staleAt()).isEqualTo(timeline.unusableAt()).isEqualTo(EXPIRES_AT.minusSeconds(15));
	}

	@Test
	void ofWhenTheLifetimeIsNegativeThenUnusableFromTheExpiry() {
		TokenTimeline timeline = TokenTimeline.of(token(Duration.ofSeconds(-30)), SETTINGS, 0);
		assertThat(timeline.unusableAt()).isEqualTo(EXPIRES_AT);
		assertThat(timeline.staleAt()).isEqualTo(EXPIRES_AT);
	}

	@Test
	void phaseAtThenFreshUntilStaleUntilUnusable() {
		TokenTimeline timeline = TokenTimeline.of(token(Duration.ofMinutes(5)), SETTINGS, 0);
		assertThat(timeline.phaseAt(timeline.staleAt().minusNanos(1))).isEqualTo(Phase.FRESH);
		assertThat(timeline.phaseAt(timeline.staleAt())).isEqualTo(Phase.STALE);
		assertThat(timeline.phaseAt(timeline.unusableAt().minusNanos(1))).isEqualTo(Phase.STALE);
		assertThat(timeline.phaseAt(timeline.unusableAt())).isEqualTo(Phase.UNUSABLE);
		assertThat(timeline.phaseAt(EXPIRES_AT.plusSeconds(3600))).isEqualTo(Phase.UNUSABLE);
	}

}
