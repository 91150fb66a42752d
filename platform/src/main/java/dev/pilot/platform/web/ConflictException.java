package dev.pilot.platform.web;

/** 409: the resource's current state does not allow this (e.g. resume a completed run). */
public class ConflictException extends RuntimeException {

  public ConflictException(String message) {
    super(message);
  }
}
