terraform {
  required_version = ">= 1.11" # write-only arguments (secret_string_wo) and ephemeral variables

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 6.20, < 7.0" # java25 as a Lambda runtime from 6.20 on
    }
  }
}
