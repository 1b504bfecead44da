package dev.characterremix.request;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.characterremix.request.constraints.NameOrMembers;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** fal's {@code color_palette}: exactly one of a preset {@code name} or a list of {@code members}. */
@RegisterForReflection
@NameOrMembers
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ColorPalette(PaletteName name,
        List<@NotNull(message = "must not be null") @Valid ColorPaletteMember> members) {
}
