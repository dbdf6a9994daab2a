from tests.factories import make_user


def test_a_user_can_be_stored_and_read_back(session):
    user = make_user(session, display_name="Ada")
    session.expire_all()
    assert session.get(type(user), user.id).display_name == "Ada"
