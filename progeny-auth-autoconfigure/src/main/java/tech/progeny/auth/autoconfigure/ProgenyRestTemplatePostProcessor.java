package tech.progeny.auth.autoconfigure;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.web.client.RestTemplate;

/**
 * Checks, at start-up, every {@link RestTemplate} bean that authenticates requests to
 * Progeny: one whose request factory was replaced, after it was built, by a factory that
 * would carry the token to another host on a redirect fails the start-up, naming the fix.
 */
final class ProgenyRestTemplatePostProcessor implements BeanPostProcessor {

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof RestTemplate restTemplate
				&& restTemplate.getInterceptors().stream().anyMatch(DeferredProgenyAuthInterceptor::isProgenyInterceptor)) {
			CrossOriginRedirectCheck.check(restTemplate.getRequestFactory(), "The RestTemplate bean '" + beanName + "'");
		}
		return bean;
	}

}
