package tech.progeny.auth.autoconfigure.aot;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.core.ResolvableType;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.client.RestClient;

import tech.progeny.auth.client.ProgenyCredentials;
import tech.progeny.auth.client.ProgenyTokenClient;
import tech.progeny.auth.client.ProgenyTokenResponse;
import tech.progeny.auth.test.FakeProgenyServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ProgenyAuthRuntimeHints}.
 */
class ProgenyAuthRuntimeHintsTests {

	private final RuntimeHints hints = new RuntimeHints();

	private FakeProgenyServer progeny;

	@BeforeEach
	void registerHints() {
		new ProgenyAuthRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
		this.progeny = FakeProgenyServer.start();
	}

	@AfterEach
	void stopProgeny() {
		this.progeny.close();
	}

	@Test
	void aotFactoriesWhenLoadedThenListTheRegistrar() {
		assertThat(AotServices.factories().load(RuntimeHintsRegistrar.class))
			.anyMatch(ProgenyAuthRuntimeHints.class::isInstance);
	}

	@Test
	void registerHintsThenCredentialsAreBindable() {
		assertBindable(ProgenyCredentials.class);
	}

	@Test
	void registerHintsThenRefreshRequestIsBindable() {
		assertBindable(ClassUtils.resolveClassName(ProgenyAuthRuntimeHints.REFRESH_REQUEST, null));
	}

	@Test
	void registerHintsThenTheJdkRequestFactorysHttpClientFieldIsReadable() {
		Field field = ReflectionUtils.findField(JdkClientHttpRequestFactory.class,
				ProgenyAuthRuntimeHints.JDK_HTTP_CLIENT_FIELD, HttpClient.class);
		assertThat(field).isNotNull();
		assertThat(RuntimeHintsPredicates.reflection().onFieldAccess(field)).accepts(this.hints);
	}

	@Test
	void registerHintsThenEveryTypeThatTokenRequestsWriteWithJacksonIsBindable() {
		WrittenTypes written = new WrittenTypes();
		RestClient restClient = RestClient.builder()
			.requestFactory(new JdkClientHttpRequestFactory())
			.configureMessageConverters((converters) -> converters.withJsonConverter(written))
			.build();
		ProgenyTokenClient client = new ProgenyTokenClient(restClient, URI.create(this.progeny.baseUrl()));
		ProgenyTokenResponse tokens = client
			.obtain(new ProgenyCredentials(this.progeny.username(), this.progeny.password()));
		client.refresh(tokens.refresh());
		assertThat(written.types).hasSize(2);
		written.types.forEach(this::assertBindable);
	}

	private void assertBindable(Class<?> type) {
		assertThat(RuntimeHintsPredicates.reflection()
			.onType(type)
			.withMemberCategories(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS, MemberCategory.ACCESS_DECLARED_FIELDS))
			.as(type.getName())
			.accepts(this.hints);
		assertThat(type.isRecord()).as(type.getName()).isTrue();
		for (RecordComponent component : type.getRecordComponents()) {
			assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(component.getAccessor()))
				.as(component.toString())
				.accepts(this.hints);
		}
	}

	/**
	 * Spring's Jackson converter, recording the type of every body it writes.
	 */
	private static final class WrittenTypes extends JacksonJsonHttpMessageConverter {

		private final Set<Class<?>> types = ConcurrentHashMap.newKeySet();

		@Override
		protected void writeInternal(Object object, ResolvableType resolvableType, HttpOutputMessage outputMessage,
				Map<String, Object> hints) throws IOException {
			this.types.add(object.getClass());
			super.writeInternal(object, resolvableType, outputMessage, hints);
		}

	}

}
