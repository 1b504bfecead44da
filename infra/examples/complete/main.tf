# Every trigger: the HTTP API (IAM-signed callers), direct invocation and S3 uploads through the upload queue, with a
# reference image for plain uploads, alarms by e-mail and a daily image limit. Run it here after ./mvnw package:
#   terraform init && terraform apply -var 'alarm_email=ops@example.com'
# (docs/deploy.md walks through a first apply, the S3 walkthrough, rotating the key and teardown.)

terraform {
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 6.20, < 7.0"
    }
  }

  # Keep the state out of the working copy, e.g. in S3 with native locking (Terraform >= 1.10):
  # backend "s3" {
  #   bucket       = "my-terraform-state"
  #   key          = "character-remix/terraform.tfstate"
  #   region       = "eu-west-1"
  #   encrypt      = true
  #   use_lockfile = true
  # }
}

provider "aws" {
  region = var.region

  default_tags {
    tags = { Application = "character-remix" }
  }
}

variable "region" {
  description = "AWS region to deploy to."
  type        = string
  default     = "eu-west-1"
}

variable "fal_key" {
  description = "The fal API key; write-only, kept in neither the plan nor the state. Or leave it null and set the secret out of band."
  type        = string
  default     = null
  sensitive   = true
  ephemeral   = true
}

variable "fal_key_version" {
  description = "Set to 1 with fal_key for Terraform to write the key; bump it to rotate."
  type        = number
  default     = null
}

variable "alarm_email" {
  description = "Where alarms go (AWS mails a confirmation first); null for none."
  type        = string
  default     = null
}

variable "runtime_mode" {
  description = "jvm for ./mvnw package, native for ./mvnw package -Dnative."
  type        = string
  default     = "jvm"
}

variable "http_zip_path" {
  description = "The HTTP function's zip."
  type        = string
  default     = null
}

variable "events_zip_path" {
  description = "The event functions' zip."
  type        = string
  default     = null
}

module "character_remix" {
  source = "../.."

  name         = "character-remix"
  runtime_mode = var.runtime_mode
  architecture = "x86_64"

  # The build's output, wherever Terraform runs from.
  http_zip_path   = coalesce(var.http_zip_path, "${path.module}/../../../http/target/function.zip")
  events_zip_path = coalesce(var.events_zip_path, "${path.module}/../../../events/target/function.zip")

  fal_key         = var.fal_key
  fal_key_version = var.fal_key_version
  fal_concurrency = 10 # what your fal account runs at once
  alarm_email     = var.alarm_email

  # Plain images dropped under inputs/ are remixed with this prompt and the character in references/hero.png (upload
  # it first: docs/deploy.md).
  s3_prompt          = "The character in a new adventure"
  s3_reference_image = "s3://character-remix-uploads-${data.aws_caller_identity.current.account_id}/references/hero.png"

  spend_limits = {
    max_images_per_day = 200
  }

  tags = { Environment = "production" }
}

data "aws_caller_identity" "current" {}

output "api_endpoint" {
  description = "Base URL of the HTTP API."
  value       = module.character_remix.api_endpoint
}

output "bucket_name" {
  description = "The upload bucket."
  value       = module.character_remix.bucket_name
}

output "function_arns" {
  description = "ARNs of the live aliases by role."
  value       = module.character_remix.function_arns
}

output "function_names" {
  description = "Function names by role."
  value       = module.character_remix.function_names
}

output "secret_arn" {
  description = "ARN of the fal key's secret."
  value       = module.character_remix.secret_arn
}
