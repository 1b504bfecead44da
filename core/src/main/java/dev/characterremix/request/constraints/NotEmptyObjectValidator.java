package dev.characterremix.request.constraints;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

import dev.characterremix.request.ImageSize;
import dev.characterremix.request.RgbColor;

/** Checks {@link NotEmptyObject}, one validator per type so nothing is read by reflection. */
public final class NotEmptyObjectValidator {

    private NotEmptyObjectValidator() {
    }

    public static class RgbColors implements ConstraintValidator<NotEmptyObject, RgbColor> {
        @Override
        public boolean isValid(RgbColor rgb, ConstraintValidatorContext context) {
            return rgb == null || rgb.r() != null || rgb.g() != null || rgb.b() != null;
        }
    }

    public static class ImageSizes implements ConstraintValidator<NotEmptyObject, ImageSize> {
        @Override
        public boolean isValid(ImageSize size, ConstraintValidatorContext context) {
            return size == null || size.preset() != null || size.width() != null || size.height() != null;
        }
    }
}
