terraform {
  required_version = ">= 1.6"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
    # Elasticsearch 9 (the API uses the Elasticsearch Java client, which does not speak to OpenSearch).
    ec = {
      source  = "elastic/ec"
      version = "~> 0.12"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.6"
    }
  }
}

provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Project     = "chat-platform"
      Environment = var.environment
    }
  }
}

provider "ec" {}
