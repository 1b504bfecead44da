# For front ends: the HTTP API behind a JWT authorizer (your OIDC issuer: Cognito, Auth0, ...), CORS for your pages, and
# the fal proxy route that @fal-ai/client reaches with proxyUrl. Every end user is a caller of their own.

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

variable "issuer" {
  description = "The OIDC issuer whose tokens the API accepts, e.g. https://cognito-idp.<region>.amazonaws.com/<pool id>."
  type        = string
  default     = "https://auth.example.com/"
}

variable "audience" {
  description = "Audiences (client ids) the tokens must carry."
  type        = list(string)
  default     = ["character-remix-web"]
}

variable "origins" {
  description = "Origins of the pages that call the API."
  type        = list(string)
  default     = ["https://app.example.com"]
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

  api_authorization    = "JWT"
  jwt_authorizer       = { issuer = var.issuer, audience = var.audience }
  cors_allowed_origins = var.origins

  # Many end users share one fal account: a daily image limit and tighter API throttling.
  spend_limits   = { max_images_per_day = 500, rendering_speeds = ["TURBO", "BALANCED"] }
  api_throttling = { rate_limit = 5, burst_limit = 10 }
}

output "proxy_url" {
  description = "What @fal-ai/client takes as proxyUrl."
  value       = "${module.character_remix.api_endpoint}/v1/fal/proxy"
}

output "api_endpoint" {
  description = "Base URL of the HTTP API."
  value       = module.character_remix.api_endpoint
}
