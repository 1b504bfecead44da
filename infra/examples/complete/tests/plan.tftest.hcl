# The example plans as it is, against a mocked AWS (no credentials), with stand-in zips of the build's layout.
mock_provider "aws" {
  override_during = plan
  source          = "../../tests/mocks"
}

variables {
  http_zip_path   = "../../tests/fixtures/jvm-function.zip"
  events_zip_path = "../../tests/fixtures/jvm-function.zip"
}

run "plans_every_trigger" {
  command = plan

  assert {
    condition     = jsonencode(module.character_remix.function_names) == jsonencode({ http = "character-remix-http", remix = "character-remix-remix", s3 = "character-remix-s3", webhook = "character-remix-webhook" })
    error_message = "functions: ${jsonencode(module.character_remix.function_names)}"
  }
  assert {
    condition     = length(module.character_remix.function_arns) == 4
    error_message = "every trigger is deployed, and the webhook function of the uploads' jobs"
  }
}
