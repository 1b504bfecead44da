################################################################################
# The fal key
################################################################################

resource "aws_secretsmanager_secret" "fal_key" {
  name_prefix             = "${var.name}/fal-key-"
  description             = "fal.ai API key (key_id:key_secret) for ${var.name}. The functions get only this secret's ARN."
  recovery_window_in_days = var.secret_recovery_window_days
}

# Only when var.fal_key is given; otherwise the operator sets the value out of band and it never enters the state.
resource "aws_secretsmanager_secret_version" "fal_key" {
  count = var.fal_key == null ? 0 : 1

  secret_id     = aws_secretsmanager_secret.fal_key.id
  secret_string = var.fal_key
}
