"""The API's endpoints, one router per domain, mounted on the one API object in api/urls.py.

Every endpoint names its `operation_id` as it was when all endpoints lived in api/urls.py: clients
generated from the OpenAPI document call operations by it, so moving an endpoint must not rename it.
"""
