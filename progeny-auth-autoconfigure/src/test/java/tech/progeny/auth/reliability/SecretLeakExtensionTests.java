package tech.progeny.auth.reliability;

import java.util.Set;

import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;

import tech.progeny.auth.reliability.SecretLeakExtension.Secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The secret check itself: it sees TRACE output and fails on a leak.
 */
class SecretLeakExtensionTests {

	private static final String TOKEN = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJleHAiOjF9.c2lnbmF0dXJlLW9mLWEtdGVzdC10b2tlbg";

	@Test
	void findLeaksFindsAWholeTokenItsSignatureAndAPasswordButNotOtherText() {
		assertThat(SecretLeakExtension.findLeaks("Bearer " + TOKEN, Set.of(TOKEN))).hasSize(1);
		assertThat(SecretLeakExtension.findLeaks("sig c2lnbmF0dXJlLW9mLWEtdGVzdC10b2tlbg", Set.of(TOKEN))).hasSize(1);
		assertThat(SecretLeakExtension.findLeaks("password=hunter2-Pa55", Set.of("hunter2-Pa55"))).hasSize(1);
		assertThat(SecretLeakExtension.findLeaks("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9 password=******",
				Set.of(TOKEN, "hunter2-Pa55")))
			.isEmpty();
	}

	@Test
	void traceLoggingOfTheProjectIsCapturedAndASecretInItFailsTheCheck() {
		Secrets secrets = new Secrets();
		secrets.watch(TOKEN);
		secrets.start();
		try {
			LogFactory.getLog("tech.progeny.auth.token.Example").trace("leaking " + TOKEN);
			LogFactory.getLog("org.springframework.web.client.Example").trace("spring trace line");
		}
		finally {
			secrets.stop();
		}
		assertThat(secrets.output()).contains("leaking").contains("spring trace line");
		assertThatExceptionOfType(AssertionError.class).isThrownBy(secrets::assertNoLeak)
			.withMessageContaining("secrets in the captured output");
	}

	@Test
	void secretInAnExceptionMessageFailsTheCheck() {
		Secrets secrets = new Secrets();
		secrets.watch("hunter2-Pa55");
		secrets.start();
		secrets.stop();
		secrets.check(new IllegalStateException("wrapped", new RuntimeException("password hunter2-Pa55")));
		assertThatExceptionOfType(AssertionError.class).isThrownBy(secrets::assertNoLeak)
			.withMessageContaining("IllegalStateException");
	}

}
