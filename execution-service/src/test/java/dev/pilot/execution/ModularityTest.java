package dev.pilot.execution;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Features depend one way: steps ← agent ← execution ← scheduling, approval; the execution domain
 * is plain Java.
 */
class ModularityTest {

  static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.pilot.execution");

  @Test
  void stepKindsKnowNothingOfAgentsOrExecutions() {
    noClasses()
        .that()
        .resideInAPackage("..execution.steps..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "..execution.agent..",
            "..execution.execution..",
            "..execution.scheduling..",
            "..execution.approval..")
        .check(CLASSES);
  }

  @Test
  void agentsDoNotDependOnHowTheyAreRun() {
    noClasses()
        .that()
        .resideInAPackage("..execution.agent..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "..execution.execution..", "..execution.scheduling..", "..execution.approval..")
        .check(CLASSES);
  }

  @Test
  void executionsDoNotDependOnTheirTriggersOrEventSources() {
    noClasses()
        .that()
        .resideInAPackage("..execution.execution..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("..execution.scheduling..", "..execution.approval..")
        .check(CLASSES);
  }

  @Test
  void theExecutionDomainKnowsNeitherSpringNorTheWebLayer() {
    noClasses()
        .that()
        .resideInAPackage("..execution.execution.model..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.springframework..", "dev.pilot.platform..", "jakarta.servlet..")
        .because("the state machine is unit-tested without a context and throws its own exceptions")
        .check(CLASSES);
  }

  @Test
  void theExecutionDomainDoesNotReachIntoItsPersistenceOrWorkers() {
    noClasses()
        .that()
        .resideInAPackage("..execution.execution.model..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.pilot.execution.execution")
        .check(CLASSES);
  }
}
