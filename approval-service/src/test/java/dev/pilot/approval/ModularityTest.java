package dev.pilot.approval;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The feature packages and the direction of their dependencies. */
class ModularityTest {

  static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.pilot.approval");

  @Test
  void theTallyIsPureJavaOverTheContract() {
    classes()
        .that()
        .resideInAPackage("..approval.tally..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("java..", "dev.pilot.approval.tally..", "dev.pilot.contracts..")
        .check(CLASSES);
  }

  @Test
  void requestsKnowNothingOfTheApiOrTheSweeper() {
    noClasses()
        .that()
        .resideInAPackage("..approval.request..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("..approval.response..", "..approval.timeout..")
        .check(CLASSES);
  }

  @Test
  void featuresHaveNoCycles() {
    slices().matching("dev.pilot.approval.(*)..").should().beFreeOfCycles().check(CLASSES);
  }
}
