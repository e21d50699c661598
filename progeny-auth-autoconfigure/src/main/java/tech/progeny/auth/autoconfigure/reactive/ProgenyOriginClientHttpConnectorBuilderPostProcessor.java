package tech.progeny.auth.autoconfigure.reactive;

import java.util.function.Supplier;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;

import tech.progeny.auth.client.ProgenyOrigin;

/**
 * Wraps every {@link ClientHttpConnectorBuilder} bean, Spring Boot's or the application's,
 * in a {@link ProgenyOriginClientHttpConnectorBuilder}, after every
 * {@code ClientHttpConnectorBuilderCustomizer} has shaped it.
 */
final class ProgenyOriginClientHttpConnectorBuilderPostProcessor implements BeanPostProcessor {

	private final Supplier<ProgenyOrigin> origin;

	ProgenyOriginClientHttpConnectorBuilderPostProcessor(Supplier<ProgenyOrigin> origin) {
		this.origin = origin;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof ClientHttpConnectorBuilder<?> builder
				&& !(bean instanceof ProgenyOriginClientHttpConnectorBuilder)) {
			return new ProgenyOriginClientHttpConnectorBuilder(this.origin.get(), builder);
		}
		return bean;
	}

}
