"""Check data: SHACL validation, the checks SHACL cannot express, chunking, remote stores."""
