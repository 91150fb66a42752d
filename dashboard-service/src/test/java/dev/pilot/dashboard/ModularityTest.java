package dev.pilot.dashboard;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The feature packages depend on each other in one direction only. */
class ModularityTest {

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.pilot.dashboard");

  @Test
  void featurePackagesHaveNoCycles() {
    slices().matching("dev.pilot.dashboard.(*)..").should().beFreeOfCycles().check(CLASSES);
  }

  @Test
  void theReadModelViewKnowsNothingOfHowItIsBuiltOrPushed() {
    noClasses()
        .that()
        .resideInAPackage("dev.pilot.dashboard.running..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.pilot.dashboard.projection..",
            "dev.pilot.dashboard.stream..",
            "dev.pilot.dashboard.rebuild..",
            "dev.pilot.dashboard.gateway..",
            "dev.pilot.dashboard.web..")
        .check(CLASSES);
  }

  @Test
  void onlyTheProjectionWritesTheReadModel() {
    noClasses()
        .that()
        .resideOutsideOfPackages(
            "dev.pilot.dashboard.projection..", "dev.pilot.dashboard.rebuild..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.pilot.dashboard.projection..")
        .check(CLASSES);
  }
}
