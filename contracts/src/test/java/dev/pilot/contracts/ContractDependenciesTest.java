package dev.pilot.contracts;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Other teams depend on this jar: it must pull in nothing but Jackson's annotations. */
class ContractDependenciesTest {

  @Test
  void contractTypesDependOnlyOnTheJdkAndJacksonAnnotations() {
    JavaClasses contracts =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.pilot.contracts");

    classes()
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("java..", "dev.pilot.contracts..", "com.fasterxml.jackson.annotation..")
        .check(contracts);
  }

  @Test
  void everyEventIsARecord() {
    JavaClasses contracts =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.pilot.contracts");

    classes()
        .that()
        .implement(PilotEvent.class)
        .and()
        .areNotInterfaces()
        .should()
        .beRecords()
        .check(contracts);
  }
}
