################################################################################
# The fal key
################################################################################

resource "aws_secretsmanager_secret" "fal_key" {
  name_prefix             = "${var.name}/fal-key-"
  description             = "fal.ai API key (key_id:key_secret) for ${var.name}. The functions get only this secret's ARN."
  recovery_window_in_days = var.secret_recovery_window_days
  kms_key_id              = var.kms_key_arn

  tags = var.tags
}

# Only when fal_key_version is set, and write-only: Terraform sends the key to AWS and keeps it in neither the plan
# nor the state (var.fal_key is ephemeral). The count rests on fal_key_version because Terraform refuses a count
# derived from an ephemeral value. Bump fal_key_version to send a new key; without it the operator sets the value out
# of band.
resource "aws_secretsmanager_secret_version" "fal_key" {
  count = var.fal_key_version == null ? 0 : 1

  secret_id                = aws_secretsmanager_secret.fal_key.id
  secret_string_wo         = var.fal_key
  secret_string_wo_version = var.fal_key_version
}
