package tech.progeny.auth.autoconfigure;

import java.util.function.Supplier;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;

import tech.progeny.auth.client.ProgenyOrigin;

/**
 * Wraps every {@link ClientHttpRequestFactoryBuilder} bean, Spring Boot's or the
 * application's, in a {@link ProgenyOriginRequestFactoryBuilder}, so that no factory made
 * from it follows a redirect of a request to Progeny's origin.
 */
final class ProgenyOriginRequestFactoryBuilderPostProcessor implements BeanPostProcessor {

	private final Supplier<ProgenyOrigin> origin;

	ProgenyOriginRequestFactoryBuilderPostProcessor(Supplier<ProgenyOrigin> origin) {
		this.origin = origin;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof ClientHttpRequestFactoryBuilder<?> builder
				&& !(bean instanceof ProgenyOriginRequestFactoryBuilder)) {
			return new ProgenyOriginRequestFactoryBuilder(this.origin, builder);
		}
		return bean;
	}

}
