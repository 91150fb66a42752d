package dev.pilot.approval;

import dev.pilot.testsupport.RealInfrastructure;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

/**
 * The whole service on a random port, on the shared real Kafka and a database of its own. Every
 * test class shares this one context: two live contexts would split the consumer group between two
 * databases, and a paused one does not resume its outbox relay (see docs/notes/issue-4.md).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure
@ActiveProfiles("test")
@TestPropertySource(locations = "classpath:crowd-users.properties")
@Import(TestClockConfiguration.class)
public @interface ApprovalServiceTest {}
