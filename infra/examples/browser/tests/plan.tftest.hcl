# The example plans as it is, against a mocked AWS (no credentials), with a stand-in zip of the build's layout.
mock_provider "aws" {
  override_during = plan
  source          = "../../tests/mocks"
}

variables {
  http_zip_path = "../../tests/fixtures/jvm-function.zip"
}

run "plans_the_api_for_front_ends" {
  command = plan

  assert {
    condition     = jsonencode(module.character_remix.function_names) == jsonencode({ http = "character-remix-http" }) && module.character_remix.bucket_name == null
    error_message = "functions: ${jsonencode(module.character_remix.function_names)}"
  }
}
