package tech.progeny.auth.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link InvalidProgenyAuthPropertiesException}: which property, what is
 * wrong with it and how to fix it.
 */
class InvalidProgenyAuthPropertiesFailureAnalyzer extends AbstractFailureAnalyzer<InvalidProgenyAuthPropertiesException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidProgenyAuthPropertiesException cause) {
		String description = "Progeny authentication cannot start: the property '" + cause.getProperty() + "' "
				+ cause.getReason() + ".";
		return new FailureAnalysis(description, cause.getAction(), cause);
	}

}
