"""Pages of the wishes app: the public pages residents open on a phone (``public``) and the staff's (``staff``)."""
