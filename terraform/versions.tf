terraform {
  # 1.5: check blocks and terraform_data are there; state stays local (no backend block).
  required_version = ">= 1.5"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

provider "aws" {
  region = var.aws_region

  default_tags {
    tags = {
      Project   = var.project_name
      ManagedBy = "terraform"
      Source    = "SqsDemo terraform/"
    }
  }
}
