from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.response import Response

from accounts import selectors
from accounts.models import RoleAssignment


class RoleAssignmentSerializer(serializers.ModelSerializer):
    role_display = serializers.CharField(source="get_role_display", read_only=True)
    node_name = serializers.CharField(source="node.name", default=None, read_only=True)
    unit_name = serializers.CharField(source="unit.name", default=None, read_only=True)

    class Meta:
        model = RoleAssignment
        fields = ["role", "role_display", "node", "node_name", "unit", "unit_name"]


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    name = serializers.CharField()
    person = serializers.IntegerField(allow_null=True)
    roles = RoleAssignmentSerializer(many=True)


@extend_schema(responses=MeSerializer)
@api_view(["GET"])
def me(request):
    """The signed-in user and their roles."""
    user = request.user
    data = {
        "username": user.username,
        "name": user.get_full_name(),
        "person": user.person_id,
        "roles": selectors.role_assignments(user=user),
    }
    return Response(MeSerializer(data).data)
