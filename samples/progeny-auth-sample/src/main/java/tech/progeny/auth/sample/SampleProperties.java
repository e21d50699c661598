package tech.progeny.auth.sample;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

import tech.progeny.auth.test.FakeProgenyServer;

/**
 * Configuration properties of the sample.
 */
@ConfigurationProperties("sample")
public class SampleProperties {

	/**
	 * Path of the Progeny API that the demo calls with GET. The default is the embedded
	 * fake's demo endpoint; against the real Progeny, set a path your account may read.
	 */
	private String demoPath = FakeProgenyServer.PING_PATH;

	/**
	 * Time between two rounds of demo calls.
	 */
	private Duration interval = Duration.ofSeconds(2);

	private final FakeProgeny fakeProgeny = new FakeProgeny();

	public String getDemoPath() {
		return this.demoPath;
	}

	public void setDemoPath(String demoPath) {
		this.demoPath = demoPath;
	}

	public Duration getInterval() {
		return this.interval;
	}

	public void setInterval(Duration interval) {
		this.interval = interval;
	}

	public FakeProgeny getFakeProgeny() {
		return this.fakeProgeny;
	}

	/**
	 * Settings of the fake Progeny that the sample embeds when no base URL is configured.
	 */
	public static class FakeProgeny {

		/**
		 * Whether to start a fake Progeny when 'progeny.auth.base-url' is not set.
		 */
		private boolean enabled = true;

		/**
		 * Lifetime of the access tokens that the fake issues (Progeny's are 5 minutes).
		 */
		private Duration accessTokenLifetime = Duration.ofSeconds(20);

		/**
		 * Port of the fake Progeny, 0 for any free port. A fixed port lets other
		 * instances of the sample share the fake (see the fleet profile).
		 */
		private int port;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getAccessTokenLifetime() {
			return this.accessTokenLifetime;
		}

		public void setAccessTokenLifetime(Duration accessTokenLifetime) {
			this.accessTokenLifetime = accessTokenLifetime;
		}

		public int getPort() {
			return this.port;
		}

		public void setPort(int port) {
			this.port = port;
		}

	}

}
