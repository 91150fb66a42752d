package dev.pilot.execution.template;

/** At run time a reference pointed at nothing: the step cannot run with the params it declares. */
public class MissingReferenceException extends RuntimeException {

  private final transient Reference reference;

  MissingReferenceException(Reference reference) {
    super(reference + " has no value in this execution");
    this.reference = reference;
  }

  public Reference reference() {
    return reference;
  }
}
