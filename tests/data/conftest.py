"""Data-layer tests: the kernel's modules on moto's DynamoDB, no app, no HTTP.

The table is created from the models as the API tests and the local stack create it, with
moto adapted the same way (infra/local/resources.py: writes and transactions atomic under
one lock), so parallel writers here meet the conditions DynamoDB would enforce.
"""

import pytest
from moto import mock_aws

from tests.support import stack


@pytest.fixture
def aws():
    with mock_aws():
        stack.create_resources()
        yield
