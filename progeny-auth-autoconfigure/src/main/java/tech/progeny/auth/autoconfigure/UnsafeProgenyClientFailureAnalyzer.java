package tech.progeny.auth.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link UnsafeProgenyClientException}: which client could carry a token to
 * another host, and how to fix it.
 */
class UnsafeProgenyClientFailureAnalyzer extends AbstractFailureAnalyzer<UnsafeProgenyClientException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnsafeProgenyClientException cause) {
		return new FailureAnalysis(cause.getMessage() + ".", cause.getAction(), cause);
	}

}
