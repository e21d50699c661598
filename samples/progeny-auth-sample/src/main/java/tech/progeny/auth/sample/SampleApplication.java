package tech.progeny.auth.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.web.service.registry.ImportHttpServices;

/**
 * Calls Progeny every few seconds through {@code progenyRestClient} and through the
 * {@link ProgenyDemoApi} HTTP service, and logs what the token does meanwhile.
 * <p>
 * With {@code PROGENY_AUTH_BASE_URL}, {@code PROGENY_AUTH_USERNAME} and
 * {@code PROGENY_AUTH_PASSWORD} set it talks to that Progeny; without a base URL it
 * starts a fake Progeny with short-lived tokens first (see {@link EmbeddedFakeProgeny}).
 */
@SpringBootApplication
@EnableScheduling
@EnableConfigurationProperties(SampleProperties.class)
@ImportHttpServices(group = "progeny", types = ProgenyDemoApi.class)
public class SampleApplication {

	/**
	 * Runs the sample.
	 * @param args the command line arguments
	 */
	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
