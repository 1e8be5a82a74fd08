export default `tcpsleuth lab: (help not written yet)
`;
