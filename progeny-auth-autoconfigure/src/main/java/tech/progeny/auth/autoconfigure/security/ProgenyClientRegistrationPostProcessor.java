package tech.progeny.auth.autoconfigure.security;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.util.Assert;

import tech.progeny.auth.security.ProgenyClientRegistration;

/**
 * Adds Progeny's registration to every client registration repository bean of the
 * given type, blocking or reactive, once the bean is initialized.
 *
 * @param <R> the repository type
 */
final class ProgenyClientRegistrationPostProcessor<R> implements BeanPostProcessor, BeanFactoryAware {

	private final Class<R> repositoryType;

	private final BiFunction<ClientRegistration, R, R> addProgeny;

	private @Nullable BeanFactory beanFactory;

	/**
	 * Create a new post processor.
	 * @param repositoryType the repository type
	 * @param addProgeny returns a repository that also serves Progeny's registration (the
	 * given one if it already does)
	 */
	ProgenyClientRegistrationPostProcessor(Class<R> repositoryType, BiFunction<ClientRegistration, R, R> addProgeny) {
		this.repositoryType = repositoryType;
		this.addProgeny = addProgeny;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) throws BeansException {
		this.beanFactory = beanFactory;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		if (!this.repositoryType.isInstance(bean)) {
			return bean;
		}
		Assert.state(this.beanFactory != null, "No BeanFactory");
		ClientRegistration progeny = this.beanFactory.getBean(ProgenyClientRegistrationConfiguration.BEAN_NAME,
				ClientRegistration.class);
		return this.addProgeny.apply(progeny, this.repositoryType.cast(bean));
	}

	/**
	 * Return the registrations of an in-memory repository with Progeny's in place of any
	 * of the same id, so that the repository can be built anew with the same type.
	 * @param registrations the repository's registrations
	 * @param progeny Progeny's registration
	 * @return the registrations, or {@code null} if they already hold Progeny's
	 */
	static @Nullable List<ClientRegistration> withProgeny(Iterable<ClientRegistration> registrations,
			ClientRegistration progeny) {
		List<ClientRegistration> result = new ArrayList<>();
		for (ClientRegistration registration : registrations) {
			if (!registration.getRegistrationId().equals(progeny.getRegistrationId())) {
				result.add(registration);
			}
			else if (ProgenyClientRegistration.isProgeny(registration)) {
				return null;
			}
		}
		result.add(progeny);
		return result;
	}

}
