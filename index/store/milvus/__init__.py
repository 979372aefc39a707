"""The index on Milvus (a server, a cluster, or Milvus Lite): layout, publishing, reading."""
