package dev.characterremix.http;

import dev.characterremix.error.Printable;

/**
 * A job handle that names no job of this caller's: unknown, edited, expired at fal, or issued to someone else (all
 * answered alike, 404, so a handle tells nothing about other callers' jobs).
 */
public class UnknownJobException extends RuntimeException {

    public UnknownJobException(String handle) {
        super("No such job: " + Printable.of(handle, 100), null, false, false);
    }
}
