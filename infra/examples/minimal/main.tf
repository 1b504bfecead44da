# The least there is: the HTTP API alone (IAM-signed callers), one function, the fal key's secret. Run it here after
# ./mvnw package: terraform init && terraform apply, then set the key (docs/deploy.md).

terraform {
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 6.20, < 7.0"
    }
  }
}

provider "aws" {
  region = var.region
}

variable "region" {
  description = "AWS region to deploy to."
  type        = string
  default     = "eu-west-1"
}

variable "http_zip_path" {
  description = "The HTTP function's zip."
  type        = string
  default     = null
}

module "character_remix" {
  source = "../.."

  triggers      = ["http"]
  http_zip_path = coalesce(var.http_zip_path, "${path.module}/../../../http/target/function.zip")
}

output "api_endpoint" {
  description = "Base URL of the HTTP API: POST <api_endpoint>/v1/remix, signed with SigV4."
  value       = module.character_remix.api_endpoint
}

output "secret_arn" {
  description = "The fal key's secret: aws secretsmanager put-secret-value --secret-id <secret_arn> --secret-string <key>."
  value       = module.character_remix.secret_arn
}
