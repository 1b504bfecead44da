# The fal key: in a secret the functions read, never in the plan or the state.
mock_provider "aws" {
  override_during = plan
  source          = "./tests/mocks"
}

variables {
  http_zip_path   = "tests/fixtures/jvm-function.zip"
  events_zip_path = "tests/fixtures/jvm-function.zip"
}

run "by_default_the_value_is_set_out_of_band" {
  command = plan

  assert {
    condition     = length(aws_secretsmanager_secret_version.fal_key) == 0
    error_message = "without fal_key_version, Terraform never writes the secret's value"
  }
  assert {
    condition     = aws_secretsmanager_secret.fal_key.recovery_window_in_days == 7 && aws_secretsmanager_secret.fal_key.name_prefix == "character-remix/fal-key-"
    error_message = "the secret"
  }
}

run "a_key_given_is_written_write_only" {
  command = plan

  variables {
    fal_key         = "key-id:key-secret"
    fal_key_version = 2
  }

  assert {
    condition = (
      length(aws_secretsmanager_secret_version.fal_key) == 1 &&
      aws_secretsmanager_secret_version.fal_key[0].secret_id == aws_secretsmanager_secret.fal_key.id &&
      aws_secretsmanager_secret_version.fal_key[0].secret_string_wo_version == 2 &&
      aws_secretsmanager_secret_version.fal_key[0].secret_string == null
    )
    error_message = "the key goes to the secret as a write-only value, versioned by fal_key_version"
  }
  assert {
    condition     = alltrue([for o in [output.secret_arn, jsonencode(output.function_arns), jsonencode(output.role_names)] : !strcontains(o, "key-secret")])
    error_message = "an output carries the key"
  }
}

run "a_key_without_a_version_is_refused" {
  command = plan

  variables {
    fal_key = "key-id:key-secret"
  }

  expect_failures = [var.fal_key]
}

run "a_version_without_a_key_is_refused" {
  command = plan

  variables {
    fal_key_version = 1
  }

  expect_failures = [var.fal_key]
}
