# An example root configuration: the provider, a state backend and the character remix module (infra/). Copy it next
# to your own configuration, or run it here: terraform init && terraform apply.

terraform {
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
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

module "character_remix" {
  source = "../.."

  name         = "character-remix"
  runtime_mode = "native" # or "jvm" after a plain ./mvnw package
  architecture = "x86_64"

  http_zip_path   = "${path.module}/../../../http/target/function.zip"
  events_zip_path = "${path.module}/../../../events/target/function.zip"

  fal_key         = var.fal_key
  fal_concurrency = 10   # what your fal account runs at once
  alarm_email     = null # e.g. "ops@example.com"

  s3_prompt = "The mascot in a new adventure"
}

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

output "secret_arn" {
  description = "ARN of the fal key's secret."
  value       = module.character_remix.secret_arn
}
